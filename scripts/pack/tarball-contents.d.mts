export declare const PUBLISHED_PACKAGES: readonly { name: string; folder: string }[];
export declare function checkTarball(name: string, listing: readonly string[]): string[];
