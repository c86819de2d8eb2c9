# The installed package works for a program outside the tree.
add_test(NAME install_pkgconfig
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/install_check.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
set_tests_properties(install_pkgconfig PROPERTIES TIMEOUT 120)
