# The JSON writer's output on a rich hand-built document must parse with
# Python's json module. A missing python3 fails the test.
if(NOT TARGET render_rich)
  add_executable(render_rich ${PROJECT_SOURCE_DIR}/tests/tools/render_rich.c)
  target_include_directories(render_rich PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(render_rich PRIVATE galley_static)
endif()
add_test(NAME json_parse
  COMMAND sh -c "command -v python3 >/dev/null || { echo 'python3 not found' >&2; exit 1; }
    \"$1\" json > rich.json && python3 -c 'import json,sys; json.load(sys.stdin)' < rich.json" sh $<TARGET_FILE:render_rich>
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(json_parse PROPERTIES TIMEOUT 60)
