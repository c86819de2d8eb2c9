# The installed package works for a program outside the tree.
set(GL_CONSUMER_FLAGS "")
if(GL_SANITIZE)
  set(GL_CONSUMER_FLAGS "-fsanitize=address,undefined")
endif()
add_test(NAME install_pkgconfig
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/install_check.sh ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR} "${GL_CONSUMER_FLAGS}" "${GL_MODULE_NAMES_BUILT}")
set_tests_properties(install_pkgconfig PROPERTIES TIMEOUT 120)
