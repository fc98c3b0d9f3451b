export default definePageConfig({ navigationBarTitleText: '确认电脑端登录' });
