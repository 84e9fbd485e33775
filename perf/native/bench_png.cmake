# SPDX-License-Identifier: MIT
# bench_png: PNG decode/encode speed and size, wasmforge vs libpng (native baseline).
find_package(PNG)
if(PNG_FOUND AND TARGET wf_png)
  add_executable(bench_png "${CMAKE_CURRENT_LIST_DIR}/bench_png.c")
  target_link_libraries(bench_png PRIVATE wf_png PNG::PNG)
  target_compile_options(bench_png PRIVATE ${WF_WARNINGS})
  target_compile_definitions(bench_png PRIVATE WF_DEFAULT_DATA_DIR="${CMAKE_SOURCE_DIR}/../shared/data")
endif()
