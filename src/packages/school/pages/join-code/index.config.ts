export default definePageConfig({ navigationBarTitleText: '班级邀请码' });
