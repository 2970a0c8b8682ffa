// The common-words lists of @zxcvbn-ts language packages, imported on their own (not the whole
// language package, whose names and Wikipedia lists would add about 600 KB gzipped).
declare module '@zxcvbn-ts/language-en/dist/commonWords.json.mjs' {
  const words: string[];
  export default words;
}
declare module '@zxcvbn-ts/language-es-es/dist/commonWords.json.mjs' {
  const words: string[];
  export default words;
}
