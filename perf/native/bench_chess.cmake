# SPDX-License-Identifier: MIT
add_executable(bench_chess ${CMAKE_CURRENT_LIST_DIR}/bench_chess.c)
target_link_libraries(bench_chess PRIVATE wf_chess)
target_compile_options(bench_chess PRIVATE ${WF_WARNINGS})

# Fixed-depth search speed in nodes per CPU second: bench_chess_search [depth [nodes per slice]].
add_executable(bench_chess_search ${CMAKE_CURRENT_LIST_DIR}/bench_chess_search.c)
target_link_libraries(bench_chess_search PRIVATE wf_chess)
target_compile_options(bench_chess_search PRIVATE ${WF_WARNINGS})
