// Asset imports that Vite turns into URLs (small files become data: URLs, which the CSP allows for images).
declare module '*.svg' {
  const url: string;
  export default url;
}

declare module '*.css' {}
