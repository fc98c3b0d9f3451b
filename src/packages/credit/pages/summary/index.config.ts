export default definePageConfig({ navigationBarTitleText: '学习档案', enablePullDownRefresh: true });
