# The XHTML writer's output on a rich hand-built document must be well-formed
# XML to xmllint. A missing xmllint fails the test (install libxml2-utils).
if(NOT TARGET render_rich)
  add_executable(render_rich ${PROJECT_SOURCE_DIR}/tests/tools/render_rich.c)
  target_include_directories(render_rich PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(render_rich PRIVATE galley_static)
endif()
add_test(NAME xhtml_xmllint
  COMMAND sh -c "command -v xmllint >/dev/null || { echo 'xmllint not found: install libxml2-utils' >&2; exit 1; }
    \"$1\" xhtml > rich.xhtml && xmllint --noout rich.xhtml" sh $<TARGET_FILE:render_rich>
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(xhtml_xmllint PROPERTIES TIMEOUT 60)
