export default definePageConfig({ navigationBarTitleText: '家长接待', enablePullDownRefresh: true });
