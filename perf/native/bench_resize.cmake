# SPDX-License-Identifier: MIT
# bench_resize: resize speed of the C core (native baseline of the resize suite).
if(TARGET wf_resize)
  add_executable(bench_resize "${CMAKE_CURRENT_LIST_DIR}/bench_resize.c")
  target_link_libraries(bench_resize PRIVATE wf_resize)
  target_compile_options(bench_resize PRIVATE ${WF_WARNINGS})
endif()
