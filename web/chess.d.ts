// SPDX-License-Identifier: MIT
// Types of wasmforge/chess (web/chess.js): move generation helpers and a UCI engine.
import type { CoreLoader, ScalarInitOptions } from './loader.js';

export type { InitOptions } from './loader.js';
export { WasmforgeError } from './errors.js';

/** The chess core has no SIMD build. */
export type ChessBackend = 'wasm' | 'wasm2js';

/**
 * Loads the core on this thread, for the synchronous helpers and ChessContext
 * (a Worker engine from createEngine() loads its own copy).
 */
export const init: CoreLoader<ChessBackend, ScalarInitOptions>['init'];
export const backend: CoreLoader<ChessBackend>['backend'];
export const memorySize: CoreLoader['memorySize'];

/** The FEN of the starting position. */
export const START_FEN: string;

/** A position: a FEN string, or 'startpos' (the default). */
export type Position = string;

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
  /** True once 'quit' was received. */
  readonly quitRequested: boolean;
  /** True while a search started by 'go' runs. */
  readonly searching: boolean;
  /** Frees the engine's memory; the context is unusable afterwards. */
  free(): void;
}

export interface CreateEngineOptions {
  /** The Worker's backend; default 'auto'. */
  backend?: 'auto' | ChessBackend;
  /** A compiled WebAssembly.Module of chess.wasm, handed to the Worker (no fetch, no compile from bytes). */
  module?: WebAssembly.Module;
  /** A fixed search slice in nodes; default: adapted so that a slice takes about 5 ms. */
  sliceNodes?: number;
  /** Where chess-worker.js is served, for bundlers that do not bundle `new Worker(new URL(...))`. */
  workerUrl?: string | URL;
}

/** Starts an engine in a module Worker (browsers) or a worker_threads Worker (Node). */
export function createEngine(options?: CreateEngineOptions): Promise<Engine>;

/** A Worker-hosted UCI engine (see createEngine()). */
export class Engine {
  private constructor();
  /** The Worker's backend. */
  readonly backend: ChessBackend | null;
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
  /** Sends 'stop': the search ends and prints its bestmove. */
  stop(): void;
  /** Ends the Worker. */
  terminate(): void;
}
