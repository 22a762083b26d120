# Build helpers shared by every module: rowcast_library() and rowcast_test().

set(ROWCAST_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(ROWCAST_WERROR)
  list(APPEND ROWCAST_WARNINGS -Werror)
endif()
if(ROWCAST_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# rowcast_library(NAME SOURCES ... DEPS ... [CONVERSION_WARNINGS])
# One library per folder under src/; NAME becomes the target rowcast_<NAME>.
function(rowcast_library name)
  cmake_parse_arguments(ARG "CONVERSION_WARNINGS" "" "SOURCES;DEPS" ${ARGN})
  add_library(rowcast_${name} STATIC ${ARG_SOURCES})
  target_include_directories(rowcast_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(rowcast_${name} PRIVATE ${ROWCAST_WARNINGS})
  if(ARG_CONVERSION_WARNINGS)
    target_compile_options(rowcast_${name} PRIVATE -Wconversion -Wsign-conversion)
  endif()
  target_link_libraries(rowcast_${name} PUBLIC ${ARG_DEPS})
endfunction()

# rowcast_test(NAME SOURCES ... DEPS ... [LABELS ...])
function(rowcast_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${ROWCAST_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${name} PRIVATE
    ROWCAST_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ROWCAST_BINARY="$<TARGET_FILE:rowcast>")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 30)
endfunction()
