export default definePageConfig({ navigationBarTitleText: '电话公开范围' });
