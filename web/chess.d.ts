// SPDX-License-Identifier: MIT
// Types of wasmforge/chess (web/chess.js): move generation helpers and a UCI engine.
/** Options of init(). */
export interface ScalarInitOptions {
  /** Which build to load; default 'auto' ('wasm-simd' where WebAssembly has SIMD128, else 'wasm' where WebAssembly works, else 'wasm2js'). */
  backend?: 'auto' | 'wasm-simd' | 'wasm' | 'wasm2js';
  /** Where the .wasm file is, if not at its place in the package. */
  url?: string | URL;
  /** A compiled WebAssembly.Module of chess.wasm (e.g. from compileModule()); nothing is fetched. */
  module?: WebAssembly.Module;
}

export { WasmforgeError } from './errors.js';

/** The builds of the chess core ('wasm-simd' only speeds up the neural evaluation; results are identical). */
export type ChessBackend = 'wasm-simd' | 'wasm' | 'wasm2js';

/**
 * Loads the core on this thread, for the synchronous helpers and ChessContext
 * (a Worker engine from createEngine() loads its own copy).
 */
export function init(options?: ScalarInitOptions): Promise<ChessBackend>;
/**
 * The compiled WebAssembly.Module of this core's best (or the given) backend,
 * for a Worker host to post to its Workers, which pass it to init({backend, module})
 * and so skip compiling (compiled once per page). `module` is null for 'wasm2js'.
 */
export function compileModule(options?: { backend?: 'auto' | ChessBackend; url?: string | URL }): Promise<{ backend: ChessBackend; module: WebAssembly.Module | null }>;
/** The active backend, or null before init() has finished. */
export function backend(): ChessBackend | null;
/** Bytes of Wasm memory the module holds (a diagnostic). */
export function memorySize(): number;

/** The FEN of the starting position. */
export const START_FEN: string;

/** A position: a FEN string, or 'startpos' (the default). */
export type Position = string;

/** A position for the engine API: a FEN, 'startpos', or a start FEN and moves (UCI or SAN) played from it. */
export type EnginePosition = string | { fen?: string; moves?: readonly string[] };

/** The legal moves after `moves` (UCI or SAN) from `fen`, in UCI form ('e2e4', 'e7e8q'). Throws CHESS_BAD_FEN, CHESS_ILLEGAL_MOVE. */
export function legalMoves(fen?: Position, moves?: readonly string[]): string[];
/** Leaf nodes of the legal move tree to `depth` (0-10); exact up to 2^53. */
export function perft(fen: Position | undefined, depth: number): number;

export type GameStateName =
  | 'ongoing' | 'checkmate' | 'stalemate' | 'fifty-move' | 'threefold-repetition' | 'insufficient-material';

/** The state of the game after `moves` (repetitions count only within `moves`). */
export function gameState(fen?: Position, moves?: readonly string[]): { state: GameStateName; check: boolean; fen: string };
/** The FEN after playing `moves` (UCI or SAN) from `fen`; validates the FEN. */
export function applyMoves(fen?: Position, moves?: readonly string[]): string;
/** The SAN ('Nf3') of a legal move given in UCI form ('g1f3'); throws CHESS_ILLEGAL_MOVE. */
export function toSan(fen: Position | undefined, uciMove: string): string;
/** The UCI form of a legal move given in SAN; throws CHESS_ILLEGAL_MOVE. */
export function fromSan(fen: Position | undefined, san: string): string;

/** Options of search(): `depth` or `nodes` is required. */
export interface SearchOptions {
  /** Search to this depth (1-64). */
  depth?: number;
  /** Search about this many nodes. */
  nodes?: number;
  /** Hash table size in MB (1-1024); default 1. */
  hash?: number;
}

/** What search() returns. */
export interface SearchResult {
  /** The best move (UCI); null when the side to move has no legal move. */
  bestmove: string | null;
  ponder: string | null;
  /** The last completed depth (0 if none). */
  depth: number;
  /** Of the last completed depth, from the side to move; null if none. */
  score: { cp: number } | { mate: number } | null;
  nodes: number;
  /** The principal variation in UCI form. */
  pv: string[];
  /** The engine's raw output lines. */
  lines: string[];
}

/**
 * Searches a position on this thread (after init()) with a fresh engine, so the
 * result depends only on the position and the limits and is the same on every
 * backend. Blocks the thread until done: keep the limits small, or use
 * createEngine() in a page.
 */
export function search(fen: Position | undefined, moves: readonly string[] | undefined, options: SearchOptions): SearchResult;

/**
 * An engine on this thread, driven by hand (after init()). In a page prefer
 * createEngine(), which keeps the main thread free; in runtimes without
 * Workers (Cloudflare Workers) this is the engine.
 */
export class ChessContext {
  constructor();
  /** The wf_status of the last command() (0 = ok). */
  lastStatus: number;
  /** Feeds one UCI line; returns the output lines. `nowMs`: the clock, default performance.now(). */
  command(line: string, nowMs?: number): string[];
  /**
   * Runs the pending search for about `maxNodes` nodes (default 20000).
   * running: the search goes on; waiting: an infinite or ponder search only waits for 'stop'.
   */
  slice(maxNodes?: number, nowMs?: number): { running: boolean; waiting: boolean; lines: string[] };
  /**
   * Experimental: the network of the neural evaluation (a file of tools/nnue/train.c; copied),
   * or null for the one compiled into the build, if any. Used while the UCI option
   * "Use NNUE" is true (default false). Throws INVALID_ARGUMENT for a malformed file.
   */
  setNet(net: Uint8Array | null): void;
  /** True once 'quit' was received. */
  readonly quitRequested: boolean;
  /** True while a search started by 'go' runs. */
  readonly searching: boolean;
  /** The error of the last command(), or null. */
  readonly lastError: { code: ChessErrorCode | string; message: string } | null;
  /** Frees the engine's memory; the context is unusable afterwards. */
  free(): void;
}

export interface CreateEngineOptions {
  /** The Worker's backend; default 'auto'. */
  backend?: 'auto' | ChessBackend;
  /** A precompiled module of the chess core (e.g. for edge runtimes); default: this page's, compiled once. */
  module?: WebAssembly.Module;
  /** A fixed search slice in nodes; default: adapted so that a slice takes about 5 ms. */
  sliceNodes?: number;
  /**
   * Where chess-worker.js is served, for bundlers that do not bundle `new Worker(new URL(...))`;
   * chess-helper.js (the helper threads) is looked for beside it.
   */
  workerUrl?: string | URL;
  /**
   * Search threads, 1-64 (Lazy SMP: threads - 1 helper Workers over one shared memory,
   * dist/chess.mt.wasm). Used where threadsAvailable() and the backend is 'wasm-simd' (auto
   * picks it) and no `module` is given; elsewhere the engine runs one thread, silently
   * (engine.threads says). Default: defaultThreads(), or 1 when sliceNodes is given.
   */
  threads?: number;
}

/** Starts an engine in a module Worker (browsers) or a worker_threads Worker (Node). */
export function createEngine(options?: CreateEngineOptions): Promise<Engine>;

/** The most search threads createEngine() accepts (64). */
export const MAX_THREADS: number;
/** createEngine's default `threads`: hardwareConcurrency - 1, at most 4, at least 1. */
export function defaultThreads(): Promise<number>;
/**
 * True when an engine can run several threads here: SharedArrayBuffer and shared
 * WebAssembly memory are usable (Node; pages with `crossOriginIsolated`: served with
 * COOP same-origin and COEP require-corp) and WebAssembly has SIMD.
 */
export function threadsAvailable(): boolean;

/** The codes the chess API rejects with (WasmforgeError.code). */
export type ChessErrorCode =
  | 'CHESS_BAD_FEN' | 'CHESS_ILLEGAL_MOVE' | 'CHESS_UNKNOWN_COMMAND' | 'CHESS_BAD_ARGUMENT' | 'CHESS_BUSY'
  | 'CHESS_UNKNOWN_OPTION' | 'INVALID_ARGUMENT' | 'ABORTED' | 'TERMINATED' | 'WORKER_CRASHED' | 'TIMEOUT'
  | 'NOT_INITIALIZED' | 'BACKEND_UNAVAILABLE' | 'OUT_OF_MEMORY' | 'INTERNAL_ERROR';

/**
 * Checks a position and normalises it (on this thread, after init()): the
 * six-field start FEN, the moves in UCI form, the FEN after them and the legal
 * moves there. Throws CHESS_BAD_FEN, CHESS_ILLEGAL_MOVE (naming the move and
 * its number) or INVALID_ARGUMENT.
 */
export function resolvePosition(position: EnginePosition, what?: string): { fen: string; moves: string[]; current: string; legal: string[] };
/** The SAN of UCI moves played one after another from `fen` (e.g. a PV); stops at the first illegal move. */
export function sanMoves(fen: Position, uciMoves: readonly string[]): string[];

/** One UCI "info" line, parsed (fields the line lacks are absent). Null for other lines. */
export interface UciInfo {
  depth?: number; seldepth?: number; multipv?: number;
  score?: Score; bound?: 'lower' | 'upper';
  nodes?: number; nps?: number; hashfull?: number; timeMs?: number; tbhits?: number;
  currmove?: string; currmovenumber?: number;
  pv?: string[]; string?: string;
}
export function parseInfo(line: string): UciInfo | null;

/** A score in centipawns or moves to mate (negative: being mated; `{mate: 0}`: the side to move is mated). */
export type Score = { cp: number; mate?: undefined } | { mate: number; cp?: undefined };

/** One MultiPV line of a completed depth. */
export interface AnalysisLine {
  /** 1-based rank of the line. */
  multipv: number;
  depth: number;
  seldepth: number;
  /** From the side to move. */
  score: Score;
  /** The same from White's side. */
  whiteScore: Score;
  /** The principal variation in UCI form ('e2e4'). */
  pv: string[];
  /** The same in SAN ('e4'). */
  pvSan: string[];
  nodes: number;
}

/** What onInfo receives: one object per completed depth, all MultiPV lines of that depth together. */
export interface AnalysisInfo {
  depth: number;
  seldepth: number;
  /** Nodes searched so far. */
  nodes: number;
  /** Nodes per second. */
  nps: number;
  /** Milliseconds since the search started. */
  timeMs: number;
  /** Hash table use, per mille. */
  hashfull: number;
  /** Of the first line, from the side to move / from White's side. */
  score: Score;
  whiteScore: Score;
  /** First move and expected reply of the first line. */
  bestmove: string;
  ponder: string | null;
  pv: string[];
  pvSan: string[];
  lines: AnalysisLine[];
}

/** The final result of analyse(). */
export interface AnalysisResult {
  /** The move the engine plays (UCI); null when the side to move has no legal move. */
  bestmove: string | null;
  bestmoveSan: string | null;
  ponder: string | null;
  /** Of the last completed depth; null if none completed. With no legal move: {mate: 0} or {cp: 0}. */
  score: Score | null;
  whiteScore: Score | null;
  depth: number;
  seldepth: number;
  nodes: number;
  nps: number;
  hashfull: number;
  /** Wall time of the search in the Worker, ms. */
  timeMs: number;
  pv: string[];
  pvSan: string[];
  /** One entry per MultiPV line, complete for `depth`. */
  lines: AnalysisLine[];
  /** True when stop(), the signal, a new analyse()/perft() or a raw search-ending line ended it. */
  stopped: boolean;
}

export interface AnalyseOptions {
  /** Search to this depth (1-126). */
  depth?: number;
  /** Search this many milliseconds. */
  movetime?: number;
  /** Search about this many nodes. */
  nodes?: number;
  /** Search until stop() (or the signal). Without any limit: movetime 1000. */
  infinite?: boolean;
  /** Lines to report (1-64); default: the engine's MultiPV option (1). Only for this analysis. */
  multiPV?: number;
  /** Consider only these moves (UCI). */
  searchMoves?: readonly string[];
  /** Aborting it stops the search: the promise resolves with `stopped: true`. Already aborted: rejects with ABORTED. */
  signal?: AbortSignal;
  /** Called once per completed depth. */
  onInfo?: (info: AnalysisInfo) => void;
}

/** What the engine declares in answer to 'uci'. */
export interface EngineOption {
  name: string;
  type: 'spin' | 'check' | 'button' | 'combo' | 'string';
  default?: number | boolean | string;
  min?: number;
  max?: number;
  vars?: string[];
}

export interface PerftResult {
  /** Leaf nodes at the depth. */
  nodes: number;
  /** Per first move (UCI): its leaf nodes. */
  moves: Record<string, number>;
  timeMs: number;
  stopped: boolean;
}

/**
 * A Worker-hosted engine (see createEngine()). Use the promise API (analyse,
 * stop, perft, newGame, setOption), the raw UCI channel (send, onLine,
 * waitFor, lines), or both: the raw channel sees the output of the API too.
 */
export class Engine {
  private constructor();
  /** The Worker's backend. */
  readonly backend: ChessBackend | null;
  /** How many search threads the engine has: 1, or createEngine's `threads` where they can run. */
  readonly threads: number;
  /** The options the engine declares (Hash, MultiPV, Skill Level, UCI_Elo, ...). */
  readonly options: EngineOption[];
  /**
   * Analyses a position; resolves with the result when the search ends. A
   * running analyse() or perft() is stopped first (it resolves with `stopped: true`).
   * Rejects with CHESS_BAD_FEN, CHESS_ILLEGAL_MOVE, INVALID_ARGUMENT, ABORTED or TERMINATED.
   */
  analyse(position: EnginePosition, options?: AnalyseOptions): Promise<AnalysisResult>;
  /** Ends the running search; resolves when it has ended (at once if nothing runs). */
  stop(): Promise<void>;
  /** Leaf counts of the legal move tree to `depth` (0-10), per first move. */
  perft(position: EnginePosition, depth: number): Promise<PerftResult>;
  /** 'ucinewgame': stops a search, clears the hash table and the move-ordering history. */
  newGame(): Promise<void>;
  /**
   * Sets an option the engine declares: a number for spin options, a boolean
   * for check options, nothing for buttons. Rejects with CHESS_UNKNOWN_OPTION
   * or INVALID_ARGUMENT.
   */
  setOption(name: string, value?: number | boolean | string): Promise<void>;
  /** Sends one UCI line ('position startpos moves e2e4', 'go movetime 1000', 'stop', ...). */
  send(line: string): void;
  /** Calls cb for every output line ('info ...', 'bestmove e2e4 ponder e7e5'); returns an unsubscribe function. */
  onLine(cb: (line: string) => void): () => void;
  /**
   * The next output line that starts with `prefix` (or satisfies it); rejects
   * with TIMEOUT after timeoutMs (default: never).
   */
  waitFor(prefix: string | ((line: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Output lines from now on, one iterator at a time; breaking out of the loop ends it. */
  lines(): AsyncGenerator<string, void, undefined>;
  /** Ends the Worker; pending calls reject with TERMINATED. */
  terminate(): Promise<void>;
}
