# The HTML writer (-t html, issue 18), checked by tests/tools/check_html.py
# over the samples, tests/data/markdown/, the seed and the AEB dev pages:
# xmllint --html in every build; the Nu Html Checker (vnu.jar from npm's
# vnu-jar, which scripts/install-deps test puts in .tools/vnu; a JVM, tens of
# seconds a run) only in the normal build, not again under the sanitizers.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(GL_CHECK_HTML ${PROJECT_SOURCE_DIR}/tests/tools/check_html.py)
set(GL_CHECK_HTML_ARGS --galley $<TARGET_FILE:galley_cli> --source ${PROJECT_SOURCE_DIR}
    --shared ${GL_SHARED_DIR})
add_test(NAME html_xmllint
         COMMAND Python3::Interpreter ${GL_CHECK_HTML} xmllint ${GL_CHECK_HTML_ARGS})
set_tests_properties(html_xmllint PROPERTIES TIMEOUT 600 LABELS "html")
if(NOT GL_SANITIZE)
  add_test(NAME html_vnu
           COMMAND Python3::Interpreter ${GL_CHECK_HTML} vnu ${GL_CHECK_HTML_ARGS}
                   --vnu ${PROJECT_SOURCE_DIR}/.tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar)
  set_tests_properties(html_vnu PROPERTIES TIMEOUT 900 LABELS "html")
endif()
