# The installed package works for a program outside the tree.
set(GL_CONSUMER_FLAGS "")
if(GL_SANITIZE)
  set(GL_CONSUMER_FLAGS "-fsanitize=address,undefined")
endif()
add_test(NAME install_pkgconfig
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/install_check.sh ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR} "${GL_CONSUMER_FLAGS}" "${GL_MODULE_NAMES_BUILT}")
set_tests_properties(install_pkgconfig PROPERTIES TIMEOUT 120)
# cmake -B build works with the build packages alone (tests/tools/configure_check.sh).
if(NOT GL_SANITIZE)
  add_test(NAME install_configure_without_tests
           COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/configure_check.sh ${PROJECT_SOURCE_DIR})
  set_tests_properties(install_configure_without_tests PROPERTIES TIMEOUT 300)
endif()
