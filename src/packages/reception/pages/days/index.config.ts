export default definePageConfig({ navigationBarTitleText: '家长接待日', enablePullDownRefresh: true });
