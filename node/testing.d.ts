// Types of `composio-rs/testing`: a local Composio emulator for your own tests (see testing.js).
// Needs `npm install --save-dev composio-rs-emulator-<platform>` (EMULATOR_PACKAGE names this platform's), or COMPOSIO_EMULATOR_BIN set to a binary.
import type { ClientOptions } from './index'

export interface StartEmulatorOptions {
  /** Path of a `composio-emulator` binary; defaults to COMPOSIO_EMULATOR_BIN, then the installed emulator package. */
  binary?: string
  /** Loopback address to listen on (default 127.0.0.1); the port is always a free one. */
  host?: string
  /** Where the emulator's own log goes (default 'inherit'). */
  stderr?: 'inherit' | 'ignore'
  /** How long to wait for the emulator to listen (default 30,000 ms). */
  startupTimeoutMs?: number
}

/** The JSON line the emulator prints when it is ready: its base URL and the credentials it seeded. */
export interface EmulatorInfo {
  base_url: string
  api_key: string
  org_api_key: string
  readonly_org_api_key: string
  project_id: string
  other_project_id: string
  other_api_key: string
  other_org_api_key: string
  /** A user key of a member of the seeded organisation; without a scope it acts on `project_id`. */
  user_api_key: string
  [key: string]: unknown
}

export interface RunningEmulator {
  baseURL: string
  apiKey: string
  orgApiKey: string
  projectId: string
  userApiKey: string
  info: EmulatorInfo
  /** The binary that was started. */
  binary: string
  /** Options for `new Composio(...)` pointing at this emulator, `extra` merged over them. */
  options(extra?: ClientOptions): ClientOptions & { apiKey: string; orgApiKey: string; baseURL: string }
  /** Kills the emulator (it is also killed when the process exits); resolves once it has exited. */
  stop(): Promise<void>
}

/** Starts an emulator on a free loopback port; resolves once it is listening. */
export declare function startEmulator(options?: StartEmulatorOptions): Promise<RunningEmulator>
/** The emulator binary `startEmulator` would run; throws, saying how to install it, when there is none. */
export declare function emulatorBinary(options?: Pick<StartEmulatorOptions, 'binary'>): string
/** This platform's emulator package: `composio-rs-emulator-linux-x64-gnu`, `composio-rs-emulator-darwin-arm64`, ... */
export declare const EMULATOR_PACKAGE: string
