export default definePageConfig({ navigationBarTitleText: '家校工作看板', enablePullDownRefresh: true });
