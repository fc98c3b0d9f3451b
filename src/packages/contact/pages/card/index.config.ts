export default definePageConfig({ navigationBarTitleText: '家长联络卡', enableShareAppMessage: true });
