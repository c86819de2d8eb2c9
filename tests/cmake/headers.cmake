# Each public header compiles alone, as C11 with -pedantic -Werror (libgit2's
# tests/headertest): no header may lean on another being included first.
file(GLOB GL_PUBLIC_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/galley/*.h)
set(GL_HEADER_TEST_SOURCES)
foreach(h ${GL_PUBLIC_HEADERS})
  get_filename_component(hname ${h} NAME_WE)
  set(src ${CMAKE_CURRENT_BINARY_DIR}/headers/include_${hname}.c)
  file(WRITE ${src}.in "#include \"galley/${hname}.h\"\n#include \"galley/${hname}.h\"\nint gl_header_test_${hname}(void);\nint gl_header_test_${hname}(void) { return 0; }\n")
  configure_file(${src}.in ${src} COPYONLY)
  list(APPEND GL_HEADER_TEST_SOURCES ${src})
endforeach()
add_library(header_test OBJECT ${GL_HEADER_TEST_SOURCES})
target_include_directories(header_test PRIVATE ${PROJECT_SOURCE_DIR}/include)
target_compile_options(header_test PRIVATE -std=c11 -pedantic -Werror -Wall -Wextra)
# The build is the test; ctest checks that the objects were made.
add_test(NAME headers_self_contained
  COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --target header_test)
