# Allocation failure (tests/tools/failalloc.c): the seed article into every
# writer, and an HTML sample into JSON (the HTML reader), with each
# allocation through galley's allocator (libharu's too) failing in turn.
add_executable(failalloc ${CMAKE_CURRENT_SOURCE_DIR}/tools/failalloc.c)
target_include_directories(failalloc PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(failalloc PRIVATE galley_static)
# The seed is in ../shared, which may be absent outside CI; a sample of the
# same shape (a saved article in Markdown) stands in then.
if(EXISTS ${GL_SHARED_DIR}/seed/article.md)
  set(GL_FAILALLOC_SEED ${GL_SHARED_DIR}/seed/article.md)
else()
  set(GL_FAILALLOC_SEED ${PROJECT_SOURCE_DIR}/samples/saved-web-article.md)
endif()
foreach(writer text xhtml json markdown html pdf epub)
  add_test(NAME failalloc_${writer} COMMAND failalloc ${GL_FAILALLOC_SEED} ${writer})
  set_tests_properties(failalloc_${writer} PROPERTIES TIMEOUT 300 LABELS "failalloc")
endforeach()
add_test(NAME failalloc_html_json COMMAND failalloc ${PROJECT_SOURCE_DIR}/samples/news.html json)
set_tests_properties(failalloc_html_json PROPERTIES TIMEOUT 300 LABELS "failalloc")
