// Vite's `?worker&url` import: the worklet bundled on its own, imported as its URL.
declare module '*?worker&url' {
  const url: string;
  export default url;
}
