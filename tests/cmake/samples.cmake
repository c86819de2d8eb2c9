# End-to-end checks of the galley command over samples/ and the seed article:
# one ctest entry per kind of check (tests/tools/check_samples.py says what
# each one checks). The seed lives in GL_SHARED_DIR, which may be absent
# outside CI: the seed_* entries then report "skipped" (exit 77).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(GL_CHECK_SAMPLES ${PROJECT_SOURCE_DIR}/tests/tools/check_samples.py)
set(GL_CHECK_ARGS --galley $<TARGET_FILE:galley_cli> --source ${PROJECT_SOURCE_DIR}
    --shared ${GL_SHARED_DIR})
foreach(kind golden expect text xhtml pdf)
  add_test(NAME samples_${kind}
           COMMAND Python3::Interpreter ${GL_CHECK_SAMPLES} ${kind} ${GL_CHECK_ARGS})
  set_tests_properties(samples_${kind} PROPERTIES TIMEOUT 600 LABELS "samples")
endforeach()
foreach(kind expect text xhtml pdf)
  add_test(NAME seed_${kind}
           COMMAND Python3::Interpreter ${GL_CHECK_SAMPLES} ${kind} ${GL_CHECK_ARGS} --seed)
  set_tests_properties(seed_${kind} PROPERTIES TIMEOUT 300 LABELS "samples" SKIP_RETURN_CODE 77)
endforeach()
