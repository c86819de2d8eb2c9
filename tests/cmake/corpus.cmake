# Article extraction over the evaluation corpus (issue 4): the three scorers of
# ../shared/corpus run over the dev sets and must stay above the floors in
# tests/tools/corpus_check.py; src/ must name no host or page of the corpus.
# Both skip (77) when the corpus is absent outside CI.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(GL_CORPUS_DIR ${GL_SHARED_DIR}/corpus)
set(GL_CORPUS_CHECK ${PROJECT_SOURCE_DIR}/tests/tools/corpus_check.py)
add_test(NAME corpus_floors
         COMMAND Python3::Interpreter ${GL_CORPUS_CHECK} floors
                 --galley $<TARGET_FILE:galley_cli> --corpus ${GL_CORPUS_DIR})
set_tests_properties(corpus_floors PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77 LABELS "corpus")
add_test(NAME corpus_no_page_rules
         COMMAND Python3::Interpreter ${GL_CORPUS_CHECK} names
                 --source ${PROJECT_SOURCE_DIR} --corpus ${GL_CORPUS_DIR})
set_tests_properties(corpus_no_page_rules PROPERTIES TIMEOUT 60 SKIP_RETURN_CODE 77
                     LABELS "corpus")
# Every page of every set through the text writer, extracted and --whole: no
# output may carry script or style source (issue 16).
add_test(NAME corpus_no_script_leak
         COMMAND Python3::Interpreter ${GL_CORPUS_CHECK} leaks
                 --galley $<TARGET_FILE:galley_cli> --corpus ${GL_CORPUS_DIR})
set_tests_properties(corpus_no_script_leak PROPERTIES TIMEOUT 1200 SKIP_RETURN_CODE 77
                     LABELS "corpus")
