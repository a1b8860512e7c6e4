/** The slip39 package ships no types: the part of its API the benchmark uses. */
declare module 'slip39' {
  interface Slip39 {
    fromPath(path: string): { mnemonics: string[] };
  }
  const slip39: {
    fromArray(
      masterSecret: number[],
      opts: { passphrase?: string; threshold: number; groups: [number, number][]; iterationExponent?: number },
    ): Slip39;
    recoverSecret(mnemonics: string[], passphrase: string): number[];
  };
  export default slip39;
}
