# The Markdown writer (-t md, issue 18), checked by tests/tools/check_markdown.py
# with cmark-gfm: the round trip over samples/ and tests/data/markdown/ (and
# the seed, which may be absent outside CI: skipped, 77), and the words of
# every AEB dev page (../shared/corpus; skipped when absent outside CI).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(GL_CHECK_MD ${PROJECT_SOURCE_DIR}/tests/tools/check_markdown.py)
set(GL_CHECK_MD_ARGS --galley $<TARGET_FILE:galley_cli> --source ${PROJECT_SOURCE_DIR}
    --shared ${GL_SHARED_DIR})
add_test(NAME markdown_roundtrip
         COMMAND Python3::Interpreter ${GL_CHECK_MD} roundtrip ${GL_CHECK_MD_ARGS})
set_tests_properties(markdown_roundtrip PROPERTIES TIMEOUT 300 LABELS "markdown")
add_test(NAME seed_markdown
         COMMAND Python3::Interpreter ${GL_CHECK_MD} roundtrip ${GL_CHECK_MD_ARGS} --seed)
set_tests_properties(seed_markdown PROPERTIES TIMEOUT 300 LABELS "markdown;samples"
                     SKIP_RETURN_CODE 77)
add_test(NAME markdown_corpus
         COMMAND Python3::Interpreter ${GL_CHECK_MD} corpus ${GL_CHECK_MD_ARGS})
set_tests_properties(markdown_corpus PROPERTIES TIMEOUT 900 LABELS "markdown;corpus"
                     SKIP_RETURN_CODE 77)
