# The galley command line: each tests/cli/<group>.sh runs the built binary.
# Exit 77 means a group needed a reader or writer that is still a placeholder.
find_program(GL_SH sh REQUIRED)
foreach(group usage errors batch convert signals combine)
  add_test(NAME cli_${group}
    COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/${group}.sh $<TARGET_FILE:galley_cli>)
  set_tests_properties(cli_${group} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()
