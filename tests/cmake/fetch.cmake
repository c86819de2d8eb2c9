# URL inputs (issue 18): tests/tools/check_fetch.py starts its own HTTP
# server on 127.0.0.1 and asks no other address.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME cli_fetch
         COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/tests/tools/check_fetch.py
                 $<TARGET_FILE:galley_cli>)
set_tests_properties(cli_fetch PROPERTIES TIMEOUT 300 LABELS "fetch")
