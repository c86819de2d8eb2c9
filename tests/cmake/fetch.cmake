# URL inputs (issue 18): tests/tools/check_fetch.py starts its own HTTP
# server on 127.0.0.1 and asks no other address.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME cli_fetch
         COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/tests/tools/check_fetch.py
                 $<TARGET_FILE:galley_cli>)
set_tests_properties(cli_fetch PROPERTIES TIMEOUT 300 LABELS "fetch")

# Fetched images (issue 18 item 2): tests/tools/check_fetch_images.py, the
# same kind of server, checked with pdfimages and epubcheck.
add_test(NAME cli_fetch_images
         COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/tests/tools/check_fetch_images.py
                 $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR}/tests/data)
set_tests_properties(cli_fetch_images PROPERTIES TIMEOUT 300 LABELS "fetch")

# URLs in batches, books and behind a proxy (issue 18):
# tests/tools/check_fetch_batch.py, the same kind of server, also acting as
# the proxy: names from titles, --combine's images (pdfimages, epubcheck),
# the private-network rule behind a proxy, 2 requests a host across -j.
add_test(NAME cli_fetch_batch
         COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/tests/tools/check_fetch_batch.py
                 $<TARGET_FILE:galley_cli> ${PROJECT_SOURCE_DIR}/tests/data)
set_tests_properties(cli_fetch_batch PROPERTIES TIMEOUT 300 LABELS "fetch")
