# EPUB and e-reader text (issue 6), checked by tests/tools/check_epub.py:
# structure (unpacked, xmllint, reproducible bytes) and text in every build;
# epubcheck (a JVM, seconds a run) only in the normal build, not again under
# the sanitizers, where it would check the same bytes.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(GL_CHECK_EPUB ${PROJECT_SOURCE_DIR}/tests/tools/check_epub.py)
set(GL_CHECK_EPUB_ARGS --galley $<TARGET_FILE:galley_cli> --source ${PROJECT_SOURCE_DIR}
    --shared ${GL_SHARED_DIR})
foreach(kind structure text)
  add_test(NAME epub_${kind}
           COMMAND Python3::Interpreter ${GL_CHECK_EPUB} ${kind} ${GL_CHECK_EPUB_ARGS})
  set_tests_properties(epub_${kind} PROPERTIES TIMEOUT 300 LABELS "epub")
endforeach()
if(NOT GL_SANITIZE)
  foreach(kind epubcheck corpus)
    add_test(NAME epub_${kind}
             COMMAND Python3::Interpreter ${GL_CHECK_EPUB} ${kind} ${GL_CHECK_EPUB_ARGS})
    set_tests_properties(epub_${kind} PROPERTIES TIMEOUT 600 LABELS "epub"
                         SKIP_RETURN_CODE 77)
  endforeach()
endif()

# One heading id rule (issue 15, tree/ids.c): the same heading from Markdown
# and HTML gets the same id in XHTML and EPUB, and its link jumps in PDF.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME heading_ids_across_formats
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/ids_check.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_BINARY_DIR}/ids-check)
set_tests_properties(heading_ids_across_formats PROPERTIES TIMEOUT 120)
