# valgrind memcheck over the samples, one ctest entry per writer. Not in the
# sanitizer build: ASan and valgrind cannot watch the same process.
if(NOT GL_SANITIZE)
  # Every sample through the readers (into JSON); three into each other writer.
  foreach(writer text xhtml json markdown html pdf epub)
    set(which few)
    if(writer STREQUAL "json")
      set(which all)
    endif()
    add_test(NAME valgrind_${writer}
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tools/valgrind_samples.sh
                     $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR} ${GL_SHARED_DIR} ${writer}
                     ${which})
    set_tests_properties(valgrind_${writer} PROPERTIES TIMEOUT 300 LABELS "valgrind")
  endforeach()
endif()
