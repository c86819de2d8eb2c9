# No circle among the HTML and Markdown readers' files (issue 15): a file and
# its header are one node, an include or a call to a function another file
# defines is an edge (tests/tools/include_cycles.py).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME include_cycles_readers
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tools/include_cycles.py
          ${PROJECT_SOURCE_DIR}/src/readers)
