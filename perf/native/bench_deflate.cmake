# SPDX-License-Identifier: MIT
# bench_deflate: wf_inflate/wf_deflate against zlib (perf/native/bench_deflate.c).
find_package(ZLIB REQUIRED)
add_executable(bench_deflate "${CMAKE_CURRENT_LIST_DIR}/bench_deflate.c")
target_link_libraries(bench_deflate PRIVATE wf_deflate ZLIB::ZLIB)
target_compile_options(bench_deflate PRIVATE ${WF_WARNINGS})
