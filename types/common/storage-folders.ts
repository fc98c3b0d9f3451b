/**
 * The cloud-storage folders the app's clients upload into (wx.cloud.uploadFile), each followed by
 * the school's id. The production storage security rule lets a signed-in client write only under
 * these folders (scripts/deploy builds it from this list); everything else is written and read by
 * cloud functions, which the rules do not restrict. A domain whose page uploads adds its folder.
 */
export const CLIENT_UPLOAD_FOLDERS = [
  { folder: 'course-covers', purpose: '课程封面图片' },
  { folder: 'certificate-seals', purpose: '结业证书上的学校公章图片' },
  { folder: 'notice-files', purpose: '通知图片与附件' },
] as const;

export type ClientUploadFolder = (typeof CLIENT_UPLOAD_FOLDERS)[number]['folder'];
