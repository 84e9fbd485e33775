# SPDX-License-Identifier: MIT
# bench_jpeg_encode: wf_jpeg_encode against libjpeg-turbo (perf/native/bench_jpeg_encode.c).
find_package(JPEG REQUIRED)
find_package(PNG REQUIRED)
add_executable(bench_jpeg_encode "${CMAKE_CURRENT_LIST_DIR}/bench_jpeg_encode.c")
target_link_libraries(bench_jpeg_encode PRIVATE wf_jpeg JPEG::JPEG PNG::PNG)
target_compile_options(bench_jpeg_encode PRIVATE ${WF_WARNINGS})
