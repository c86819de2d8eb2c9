# The shared library's modules (src/modules/): what each conversion maps, and
# the error when a module is missing or broken. The CLI links the shared
# libgalley; the unit tests cover the static one.
add_test(NAME cli_modules
  COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/modules.sh $<TARGET_FILE:galley_cli>
          $<TARGET_FILE:galley> "${GL_LINKED_IN}")
set_tests_properties(cli_modules PROPERTIES TIMEOUT 120)
