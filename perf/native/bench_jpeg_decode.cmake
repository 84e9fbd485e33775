# SPDX-License-Identifier: MIT
# bench_jpeg_decode: wasmforge JPEG decoder vs Debian's libjpeg-turbo (native).
find_package(JPEG)
if(JPEG_FOUND AND TARGET wf_jpeg)
  add_executable(bench_jpeg_decode "${CMAKE_CURRENT_LIST_DIR}/bench_jpeg_decode.c")
  target_link_libraries(bench_jpeg_decode PRIVATE wf_jpeg JPEG::JPEG m)
  target_compile_definitions(bench_jpeg_decode PRIVATE
    WF_DEFAULT_DATA_DIR="${CMAKE_SOURCE_DIR}/../shared/data")
endif()
