# The galley command line: each tests/cli/<group>.sh runs the built binary.
# Exit 77 means a group needed a reader or writer that is still a placeholder.
find_program(GL_SH sh REQUIRED)
foreach(group usage errors batch convert signals combine)
  add_test(NAME cli_${group}
    COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/${group}.sh $<TARGET_FILE:galley_cli>)
  set_tests_properties(cli_${group} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()

# --now under faketime (tests/cli/now.sh), in the plain build only:
# faketime's preloaded library and the sanitizer runtime do not mix (ASan
# refuses to start, and with verify_asan_link_order=0 the PDF writer's
# threads abort on an unexpected futex error).
if(NOT GL_SANITIZE)
  add_test(NAME cli_now COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/now.sh $<TARGET_FILE:galley_cli>)
  set_tests_properties(cli_now PROPERTIES TIMEOUT 240)
endif()
