# SPDX-License-Identifier: MIT
add_executable(bench_chess ${CMAKE_CURRENT_LIST_DIR}/bench_chess.c)
target_link_libraries(bench_chess PRIVATE wf_chess)
target_compile_options(bench_chess PRIVATE ${WF_WARNINGS})
