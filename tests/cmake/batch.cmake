# Batch conversion into a folder (src/cli/batch.c): workers, state, inputs,
# reports, shards, hostile trees, flat memory and chunked lists, each group a tests/cli/batch_<group>.sh.
find_program(GL_SH sh REQUIRED)
foreach(group workers state inputs shard hostile flat list names report overlap memory)
  add_test(NAME cli_batch_${group}
    COMMAND ${GL_SH} ${CMAKE_CURRENT_SOURCE_DIR}/cli/batch_${group}.sh $<TARGET_FILE:galley_cli>)
  set_tests_properties(cli_batch_${group} PROPERTIES TIMEOUT 240 SKIP_RETURN_CODE 77)
endforeach()
