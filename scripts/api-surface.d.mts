export declare const PACKAGE_INDEXES: Record<
  'protocol' | 'native' | 'server' | 'client-sdk',
  string
>;
export declare function packageSurfaces(): Record<keyof typeof PACKAGE_INDEXES, string[]>;
