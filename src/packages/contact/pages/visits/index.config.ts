export default definePageConfig({ navigationBarTitleText: '家访与联络卡' });
