import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { captureToken } from '@/api'
import App from './App.vue'
import './style.css'

captureToken()
createApp(App).use(createPinia()).mount('#app')
