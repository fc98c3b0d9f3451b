export default definePageConfig({
  navigationBarTitleText: '家长学校',
  enablePullDownRefresh: true,
});
