// Minimal typings for fontkit (pdfkit's font engine, published without types): pdfkit accepts a
// parsed fontkit font wherever it takes a font file, which lets a font be parsed once per process.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array): Font;
}

declare namespace PDFKit.Mixins {
  interface PDFFont {
    registerFont(name: string, src: import('fontkit').Font): this;
  }
}
