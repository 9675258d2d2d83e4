// Text modules (wrangler's default rule for *.txt): the import is the file's content.
declare module '*.txt' {
  const text: string;
  export default text;
}
