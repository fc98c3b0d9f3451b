// The browser build of qrcode (no Node built-ins), usable in both the H5 and the weapp bundles.
declare module 'qrcode/lib/browser' {
  export * from 'qrcode';
  import QRCode from 'qrcode';
  export default QRCode;
}
