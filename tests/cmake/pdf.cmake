# PDF writer checked by real tools: poppler (pdftotext, pdffonts, pdfinfo) and
# qpdf read what a hand-built document renders to. A missing tool fails.
add_executable(pdf_check ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check.c)
target_include_directories(pdf_check PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(pdf_check PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(pdf_check PRIVATE galley_static)
add_test(NAME pdf_tools
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check.sh $<TARGET_FILE:pdf_check>
          ${CMAKE_CURRENT_BINARY_DIR}/pdf_tools)
set_tests_properties(pdf_tools PROPERTIES TIMEOUT 120)

# Issue 5's checks on the multi-script sample and the seed, through the CLI.
add_test(NAME pdf_layout
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_layout.sh $<TARGET_FILE:galley_cli>
          ${PROJECT_SOURCE_DIR} ${GL_SHARED_DIR} ${CMAKE_CURRENT_BINARY_DIR}/pdf_layout)
set_tests_properties(pdf_layout PROPERTIES TIMEOUT 120)

# Hyphenation in a narrow column, in English, Russian (KOI8-R patterns),
# Greek (ISO8859-7) and German (ISO8859-1), against the dictionaries
# themselves (libhyphen through ctypes; hyphen-en-us, -ru, -el, -de).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(lang en ru el de)
  if(lang STREQUAL "en")
    set(dic /usr/share/hyphen/hyph_en_US.dic)
  elseif(lang STREQUAL "ru")
    set(dic /usr/share/hyphen/hyph_ru_RU.dic)
  elseif(lang STREQUAL "el")
    set(dic /usr/share/hyphen/hyph_el_GR.dic)
  else()
    set(dic /usr/share/hyphen/hyph_de_DE.dic)
  endif()
  add_test(NAME pdf_hyphen_${lang}
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_hyphen.py
            $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_SOURCE_DIR}/data/hyphen-${lang}.md ${dic}
            ${CMAKE_CURRENT_BINARY_DIR}/pdf_hyphen)
  set_tests_properties(pdf_hyphen_${lang} PROPERTIES TIMEOUT 60)
endforeach()

# Paragraph quality of the samples and the seed on A4 (issue 17): word
# spaces, hyphen runs and characters a line within bounds.
add_test(NAME pdf_paragraphs
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_paragraphs.py
          $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR} ${GL_SHARED_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/pdf_paragraphs)
set_tests_properties(pdf_paragraphs PROPERTIES TIMEOUT 120)

# The title block of a right-to-left document aligned right, "date · site"
# in right-to-left order, by the words' positions (pdftotext -bbox).
add_test(NAME pdf_rtl_title
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_rtl_title.py
          $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/pdf_rtl_title)
set_tests_properties(pdf_rtl_title PROPERTIES TIMEOUT 60)

# Images: JPEG, PNG with alpha, a data: URI drawn; remote, missing, escaping
# (a path and a symbolic link) and over-the-pixel-limit ones refused; HTML
# images alone in their paragraph (inline.html) drawn like figures.
add_test(NAME pdf_images
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_images.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_SOURCE_DIR}/data/images
          ${CMAKE_CURRENT_BINARY_DIR}/pdf_images)
set_tests_properties(pdf_images PROPERTIES TIMEOUT 60)

# Page breaks on A6: no widow or orphan, headings kept with two lines, table
# rows never cut and the header row repeated.
add_test(NAME pdf_flow
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_flow.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_BINARY_DIR}/pdf_flow)
set_tests_properties(pdf_flow PROPERTIES TIMEOUT 60)

# Navigation: a GoTo jump to a heading, notes and back, /Lang, page labels.
add_test(NAME pdf_links
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_links.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_BINARY_DIR}/pdf_links)
set_tests_properties(pdf_links PROPERTIES TIMEOUT 60)

# Issue 15: libharu's headers are included by the PDF adapter alone
# (src/writers/pdf_hpdf.c), and no source file passes 1,200 lines nor any
# function 150 lines. Offenders are listed by file and line.
add_test(NAME source_hpdf_includes
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_source.py hpdf
          ${PROJECT_SOURCE_DIR}/src)
add_test(NAME source_sizes
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_source.py sizes
          ${PROJECT_SOURCE_DIR}/src)
set_tests_properties(source_hpdf_includes source_sizes PROPERTIES TIMEOUT 60 LABELS "source")

# A book (--combine) of two chapters with the same footnote label, as text
# (against tests/expect/book-notes.txt) and as PDF: chapters moved into the
# book whole (gl_node_graft), notes kept apart.
add_test(NAME pdf_book
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_book.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_SOURCE_DIR}/data/book
          ${CMAKE_CURRENT_SOURCE_DIR}/expect/book-notes.txt ${CMAKE_CURRENT_BINARY_DIR}/pdf_book)
set_tests_properties(pdf_book PROPERTIES TIMEOUT 60)

# Issue 14: each damaged image of tests/regress/issue-14-* (six PNG variants
# that made libpng abort inside libharu, a broken JPEG) to PDF from Markdown
# and from a data: URI in HTML: exit 0, the alt text, one warning with the
# file: prefix and the reason (no base64), nothing left behind.
add_test(NAME pdf_corrupt_images
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_corrupt_images.py
          $<TARGET_FILE:galley_cli> ${CMAKE_CURRENT_SOURCE_DIR}/regress
          ${CMAKE_CURRENT_BINARY_DIR}/pdf_corrupt_images)
set_tests_properties(pdf_corrupt_images PROPERTIES TIMEOUT 120 LABELS "regress")

# Issue 14: a packed PDF of over 1,000,000 objects opens in poppler (object
# streams of 10,000 objects at most; one stream of them all was refused).
add_executable(pdf_check_objects ${CMAKE_CURRENT_SOURCE_DIR}/tools/pdf_check_objects.c)
target_include_directories(pdf_check_objects PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(pdf_check_objects PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(pdf_check_objects PRIVATE galley_static)
add_test(NAME pdf_million_objects
  COMMAND sh -c "set -e; \"$1\" \"$2\"; pdfinfo \"$2\" >/dev/null; \
pdftotext \"$2\" - | grep -q 'a million objects and more'" sh
          $<TARGET_FILE:pdf_check_objects> ${CMAKE_CURRENT_BINARY_DIR}/million-objects.pdf)
set_tests_properties(pdf_million_objects PROPERTIES TIMEOUT 300 LABELS "slow")
