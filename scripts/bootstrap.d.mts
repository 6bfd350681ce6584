export declare const PNPM_VERSION: string;
export declare const repoDir: string;
export declare function runPnpm(args: string[]): boolean;
export declare function ensureDependencies(): void;
export declare function bundleIsStale(root?: string): boolean;
export declare function ensureClientBundle(): boolean;
