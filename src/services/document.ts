/**
 * Opens a file the cloud made (an xlsx export, a printed PDF): weapp downloads it and opens
 * WeChat's document viewer (转发/保存 in its menu); H5 fetches it and hands the browser a download.
 */
import Taro from '@tarojs/taro';

export interface DocumentFile {
  url: string;
  fileType: 'xlsx' | 'pdf';
  /** The name the browser saves it under (H5). */
  fileName: string;
  /** data-testid of the download link (H5), for the e2e suites. */
  testId: string;
}

export async function openDocumentFile({ url, fileType, fileName, testId }: DocumentFile): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const file = await Taro.downloadFile({ url });
    await Taro.openDocument({ filePath: file.tempFilePath, fileType, showMenu: true });
    return;
  }
  const blob = await (await fetch(url)).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.setAttribute('data-testid', testId);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}
