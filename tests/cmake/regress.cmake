# Every file in tests/regress/ (minimised fuzz findings and hostile shapes)
# through every fuzz target, with the standalone driver tests/tools/replay.c
# instead of libFuzzer: one executable and one ctest entry per target.
include(${PROJECT_SOURCE_DIR}/fuzz/targets.cmake)
foreach(entry ${GL_FUZZ_TARGETS})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 name)
  gl_fuzz_executable(replay_${name} ${entry} ${CMAKE_CURRENT_SOURCE_DIR}/tools/replay.c)
  add_test(NAME regress_${name}
           COMMAND replay_${name} ${CMAKE_CURRENT_SOURCE_DIR}/regress ${PROJECT_SOURCE_DIR}/samples)
  set_tests_properties(regress_${name} PROPERTIES TIMEOUT 120 LABELS "regress")
endforeach()

# The libFuzzer build itself (clang, its own build folder), in the plain
# build only: the sanitizer build would only repeat it.
if(NOT GL_SANITIZE)
  add_test(NAME fuzz_build
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tools/fuzz_build_check.sh ${PROJECT_SOURCE_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/fuzz-build)
  set_tests_properties(fuzz_build PROPERTIES TIMEOUT 900 LABELS "regress")
endif()
